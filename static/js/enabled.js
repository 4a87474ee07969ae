// JavaScript only improves the pages: GOV.UK Frontend styles its enhanced components when this class is present.
document.body.className += " js-enabled govuk-frontend-supported";
