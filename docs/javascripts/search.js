// The search page: asks Pagefind's script (pagefind/pagefind.js, written into the site by the build) for
// the pages that hold the words typed, and shows five hits at a time: each hit's kind, its title as a link
// and the words around the match. Filters (kind, nation, theme, proposition) load when a reader opens
// "Narrow the results", so a first search downloads only what it needs. On a large site the index comes
// in parts, merged into one search here: the hits and the filters' counts are those of the whole site.
//
// Page text reaches this script only through Pagefind: titles and kinds are placed as text, and the
// excerpt, where Pagefind marks the words found, is rebuilt from its text and <mark> elements alone.

const script = document.querySelector("script[data-pagefind]");
const root = new URL(script.dataset.root, document.baseURI);
const form = document.querySelector(".pf-search");
const input = form.querySelector("input[name=q]");
const status = document.querySelector("[data-pf-status]");
const list = document.querySelector("[data-pf-results]");
const more = document.querySelector("[data-pf-more]");
const filterPanel = form.querySelector(".pf-filters");
const filterGroups = form.querySelector("[data-pf-filters]");
const FILTER_NAMES = { kind: "Kind", nation: "Nation", theme: "Theme", proposition: "Proposition" };
const SHOWN_AT_ONCE = 5;

const OPTIONS = { excerptLength: 24 };

let loading = null;
let results = [];
let shown = 0;
let latest = 0; // the newest search: an older one that answers late is not shown

// Pagefind, with every part of the index merged in before the first search. A large site's index is
// written in parts (publication/search_parts.py), and Pagefind's script, rewritten by the build, names the
// others (relative to itself); a small site's names none. Loaded once, however many searches ask at once.
function engine() {
  loading ||= (async () => {
    const scriptUrl = new URL(script.dataset.pagefind, document.baseURI);
    const pagefind = await import(scriptUrl.href);
    await pagefind.options(OPTIONS);
    for (const part of pagefind.publicationParts || []) {
      // A path, not a whole URL: Pagefind gives each hit's address from it, as the first part's from its own.
      await pagefind.mergeIndex(new URL(part, scriptUrl).pathname, OPTIONS);
    }
    return pagefind;
  })().catch((error) => {
    loading = null; // the next search tries again
    throw error;
  });
  return loading;
}

function chosenFilters() {
  const chosen = {};
  for (const box of filterGroups.querySelectorAll("input:checked")) {
    (chosen[box.name] ||= { any: [] }).any.push(box.value);
  }
  return chosen;
}

function describeFilters(chosen) {
  const parts = Object.entries(chosen).map(([name, { any }]) => `${FILTER_NAMES[name] || name}: ${any.join(" or ")}`);
  return parts.length ? `, narrowed to ${parts.join("; ")}` : "";
}

// The excerpt as text with the found words marked, whatever else the string holds.
function excerpt(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body;
  const paragraph = document.createElement("p");
  paragraph.className = "pf-result__excerpt";
  for (const node of parsed.querySelector("p") ? parsed.querySelector("p").childNodes : []) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      paragraph.append(mark);
    } else {
      paragraph.append(document.createTextNode(node.textContent));
    }
  }
  return paragraph;
}

function hit(data) {
  const item = document.createElement("li");
  item.className = "pf-result";
  const kind = document.createElement("p");
  kind.className = "pf-result__kind";
  kind.textContent = data.meta.kind || "Page";
  const title = document.createElement("h2");
  title.className = "pf-result__title";
  const link = document.createElement("a");
  link.href = new URL(data.url.replace(/^\/+/, ""), root).href;
  link.textContent = data.meta.title || data.url;
  title.append(link);
  item.append(kind, title, excerpt(data.excerpt || ""));
  return item;
}

async function showMore(focusFirst) {
  const batch = results.slice(shown, shown + SHOWN_AT_ONCE);
  const search = latest;
  const data = await Promise.all(batch.map((result) => result.data()));
  if (search !== latest) return;
  const items = data.map(hit);
  list.append(...items);
  shown += batch.length;
  more.parentElement.hidden = shown >= results.length;
  if (focusFirst && items.length) items[0].querySelector("a").focus();
}

async function run() {
  const words = input.value.trim();
  const chosen = chosenFilters();
  const search = ++latest;
  const url = new URL(location.href);
  if (words) url.searchParams.set("q", words);
  else url.searchParams.delete("q");
  history.replaceState(null, "", url);
  if (!words && !Object.keys(chosen).length) {
    results = [];
    list.replaceChildren();
    more.parentElement.hidden = true;
    status.textContent = "";
    return;
  }
  status.textContent = "Searching…";
  more.parentElement.hidden = true;
  const found = await (await engine()).search(words || null, { filters: chosen });
  if (search !== latest) return;
  results = found.results;
  shown = 0;
  list.replaceChildren();
  await showMore(false);
  if (search !== latest) return;
  // Said once the hits are on the page, so that what a screen reader announces is there to read.
  const count = results.length === 1 ? "1 result" : `${results.length} results`;
  const what = words ? ` for “${words}”` : "";
  status.textContent = `${count}${what}${describeFilters(chosen)}.`;
}

async function loadFilters() {
  if (filterGroups.childElementCount) return;
  const counts = await (await engine()).filters();
  for (const [name, values] of Object.entries(counts)) {
    const group = document.createElement("fieldset");
    group.className = "pf-filters__group";
    const legend = document.createElement("legend");
    legend.textContent = FILTER_NAMES[name] || name;
    group.append(legend);
    for (const [value, total] of Object.entries(values).sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))) {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.addEventListener("change", run);
      label.append(box, document.createTextNode(` ${value} (${total})`));
      group.append(label);
    }
    filterGroups.append(group);
  }
}

let typing = null;
input.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(run, 300);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typing);
  run();
});
filterPanel.addEventListener("toggle", () => {
  if (filterPanel.open) loadFilters();
});
more.addEventListener("click", () => showMore(true));

form.hidden = false;
document.querySelector("[data-pf-without-script]").hidden = true;
const asked = new URL(location.href).searchParams.get("q");
if (asked) {
  input.value = asked;
  run();
} else {
  input.focus();
}
