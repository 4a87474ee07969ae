"""The release calendar: when figures will be published, and what past releases changed."""
