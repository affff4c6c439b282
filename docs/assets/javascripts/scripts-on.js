/* Scripts are on: the root's classes as Material's bundle sets them, but before the first
 * paint rather than at the end of the page, so controls that scripts reveal later (table
 * filters, checklist runs) hold their place from the start. Loaded in <head> by
 * overrides/main.html.
 */
document.documentElement.classList.remove("no-js");
document.documentElement.classList.add("js");
