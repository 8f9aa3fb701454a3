/*
 * Combined filters on the evidence index: nation × kind × theme × proposition, together.
 *
 * Progressive enhancement. The page works without this script (its "Filter the evidence" section links
 * the browse pages, one facet at a time). With it, the section gains a form of four menus; every change
 * lists the matching records at once, says how many match in a polite live region, and puts the choice
 * in the address (?nation=wales&kind=report), so a filtered list can be bookmarked, shared and restored
 * with the Back button. Data: downloads/evidence-filters.json, written by the build (filters.py).
 *
 * Record text is placed with textContent only: nothing in a title can become markup.
 */
(function () {
  "use strict";

  var SECTION_ID = "section_filter-the-evidence";
  var DATA_FILE = "downloads/evidence-filters.json";
  var LABELS = { nation: "Nation", kind: "Kind of evidence", theme: "Theme", proposition: "Proposition" };
  var ANY = "";

  function siteRoot() {
    var config = document.getElementById("__config");
    var base = ".";
    try {
      base = JSON.parse(config.textContent).base || ".";
    } catch (error) {
      /* no theme configuration: the page sits at the site's root */
    }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function chosenInAddress(facets, choices) {
    var params = new URLSearchParams(window.location.search);
    var chosen = {};
    facets.forEach(function (facet) {
      var value = params.get(facet) || ANY;
      var known = choices[facet].some(function (choice) { return choice[0] === value; });
      chosen[facet] = known ? value : ANY;
    });
    return chosen;
  }

  function matches(record, chosen, facets) {
    return facets.every(function (facet) {
      var wanted = chosen[facet];
      if (wanted === ANY) return true;
      var values = record[facet];
      return Array.isArray(values) ? values.indexOf(wanted) !== -1 : values === wanted;
    });
  }

  function labelOf(choices, facet, value) {
    var found = choices[facet].filter(function (choice) { return choice[0] === value; })[0];
    return found ? found[1] : value;
  }

  function build(section, data) {
    var facets = data.facets;
    var root = siteRoot();
    var form = element("form", { class: "publication-filters", "aria-label": "Filter the evidence" });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var menus = {};
    facets.forEach(function (facet) {
      var id = "publication-filter-" + facet;
      var field = element("div", { class: "publication-filters__field" });
      field.appendChild(element("label", { for: id }, LABELS[facet] || facet));
      var menu = element("select", { id: id, name: facet });
      menu.appendChild(element("option", { value: ANY }, "Any"));
      data.choices[facet].forEach(function (choice) {
        menu.appendChild(element("option", { value: choice[0] }, choice[1]));
      });
      field.appendChild(menu);
      form.appendChild(field);
      menus[facet] = menu;
    });
    var clear = element("button", { type: "button", class: "publication-filters__clear" }, "Clear filters");
    form.appendChild(clear);
    var status = element("p", { class: "publication-filters__status", role: "status", "aria-live": "polite" });
    var results = element("ul", { class: "publication-filters__results" });
    section.insertAdjacentElement("afterend", form);
    form.insertAdjacentElement("afterend", status);
    status.insertAdjacentElement("afterend", results);

    function show(chosen, remember) {
      facets.forEach(function (facet) { menus[facet].value = chosen[facet]; });
      var active = facets.filter(function (facet) { return chosen[facet] !== ANY; });
      results.textContent = "";
      clear.hidden = active.length === 0;
      if (active.length === 0) {
        status.textContent = "Choose from the menus to list the records that match every choice.";
      } else {
        var found = data.records.filter(function (record) { return matches(record, chosen, facets); });
        found.forEach(function (record) {
          var item = element("li");
          item.appendChild(element("a", { href: new URL(record.url, root).href }, record.title));
          var about = [labelOf(data.choices, "kind", record.kind)].concat(
            record.nation.map(function (nation) { return labelOf(data.choices, "nation", nation); })
          );
          item.appendChild(document.createTextNode(" (" + about.join(", ") + ")"));
          results.appendChild(item);
        });
        var described = active.map(function (facet) {
          return (LABELS[facet] || facet).toLowerCase() + ": " + labelOf(data.choices, facet, chosen[facet]);
        });
        status.textContent =
          (found.length === 1 ? "1 record matches " : found.length + " records match ") + described.join("; ") + ".";
      }
      if (remember) {
        var params = new URLSearchParams(window.location.search);
        facets.forEach(function (facet) {
          if (chosen[facet] === ANY) params.delete(facet);
          else params.set(facet, chosen[facet]);
        });
        var query = params.toString();
        window.history.pushState(chosen, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
    }

    function current() {
      var chosen = {};
      facets.forEach(function (facet) { chosen[facet] = menus[facet].value; });
      return chosen;
    }

    form.addEventListener("change", function () { show(current(), true); });
    clear.addEventListener("click", function () {
      var none = {};
      facets.forEach(function (facet) { none[facet] = ANY; });
      show(none, true);
      menus[facets[0]].focus();
    });
    window.addEventListener("popstate", function () { show(chosenInAddress(facets, data.choices), false); });
    show(chosenInAddress(facets, data.choices), false);
  }

  function start() {
    var section = document.getElementById(SECTION_ID);
    if (!section || section.dataset.enhanced) return;
    section.dataset.enhanced = "yes";
    fetch(new URL(DATA_FILE, siteRoot()).href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) { build(section, data); })
      .catch(function () {
        /* no data (an old build, a file:// preview): the browse links in the section still serve */
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
