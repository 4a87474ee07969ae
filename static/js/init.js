import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();

// A long list to choose from (the 32 boroughs) becomes a box to type in, where the
// accessible autocomplete was loaded; the <select> works as it is without JavaScript.
for (const select of document.querySelectorAll('select[data-module="lps-autocomplete"]')) {
  window.accessibleAutocomplete?.enhanceSelectElement({
    selectElement: select,
    // The chosen borough, if any; never the "Choose a borough" prompt as if typed.
    defaultValue: select.value ? select.selectedOptions[0].text : "",
    showAllValues: true,
    dropdownArrow: () => "",
  });
}
