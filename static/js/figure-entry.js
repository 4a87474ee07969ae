// The entry screen: beside each offence count with a figure for last year, the change that
// what is typed implies, as it is typed. Only a help: the server reads and checks every box,
// and this says nothing for what it cannot read as a number.
const GROUPED = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PLAIN = /^-?\d+(\.\d+)?$/;

function readNumber(text) {
  const typed = text.trim();
  if (GROUPED.test(typed)) return Number(typed.replaceAll(",", ""));
  if (PLAIN.test(typed)) return Number(typed);
  return null;
}

function describeChange(typed, lastYear) {
  const value = readNumber(typed);
  if (value === null || lastYear === 0) return "";
  const change = ((value - lastYear) / lastYear) * 100;
  const rounded = Math.abs(change).toFixed(1);
  if (rounded === "0.0") return "No change on last year.";
  return `${change > 0 ? "Up" : "Down"} ${rounded}% on last year.`;
}

for (const box of document.querySelectorAll("input[data-last-year]")) {
  const lastYear = Number(box.dataset.lastYear);
  const said = document.getElementById(box.dataset.changeId);
  const update = () => {
    said.textContent = describeChange(box.value, lastYear);
  };
  box.addEventListener("input", update);
  update();
}
