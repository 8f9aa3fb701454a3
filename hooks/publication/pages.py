"""Render the catalogue into markdown pages that MkDocs turns into the site.

Plain-text values (titles, names, places) pass through `plain()`, so HTML in them
shows as text; markdown fields keep their formatting and their [[references]]
become relative links, which MkDocs then checks like any hand-written link.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Callable

from . import anchors, exports, paths
from .anchors import heading, section
from .catalogue import Catalogue, RecommendationEntry
from .model import Evidence, Kind, Nation, Proposition, Recommendation, Status
from .references import replace_references
from .richtext import rebase_links
from .text import attribute, front_matter, join_words, long_date, partial_date, period_text, plain
from .updates import Update, collect_updates, last_updated

Linker = Callable[[str, "str | None"], str]
HOME_LATEST = 6


@dataclass(frozen=True)
class GeneratedPage:
    """A markdown page to hand to MkDocs: its source path, content, and whether the nav lists it."""

    src_uri: str
    content: str
    in_nav: bool


class PageRenderer:
    """Renders every generated page from one catalogue."""

    def __init__(self, catalogue: Catalogue, site_name: str):
        self.catalogue = catalogue
        self.site_name = site_name
        self.updates = collect_updates(catalogue)

    # -- links -------------------------------------------------------------------------

    def target_of(self, record_id: str) -> tuple[str, str | None, str]:
        """The page, anchor and title a record id points to."""
        record, anchor, title = self.catalogue.target(record_id)
        return paths.record_page(record), anchor, title

    def link(self, page: str, record_id: str, label: str | None = None) -> str:
        """A markdown link from `page` to a record, labelled with its title unless told otherwise."""
        target, anchor, title = self.target_of(record_id)
        return f"[{plain(label or title)}]({paths.relative_link(page, target, anchor)})"

    def linker(self, page: str) -> Linker:
        """Resolve [[references]] as relative links from `page`."""
        return lambda record_id, label: self.link(page, record_id, label)

    def markdown(self, text: str | None, linker: Linker, source: str | None = None, page: str | None = None) -> str:
        """A record's markdown field with its [[references]] resolved and any markup it may not use shown as
        text (`recordtext.guard`). Text written for a record's own page (`source`) and shown on another
        `page` has its relative links rebased for that page."""
        from .recordtext import guard  # imported here: this method is the only user in this module

        text = text or ""
        if source and page:
            text = rebase_links(text, source, page)
        return guard(replace_references(text, linker))

    # -- pages ---------------------------------------------------------------------------

    def all_pages(self) -> list[GeneratedPage]:
        """Every generated page: indexes in the nav, records and browse pages out of it."""
        pages = [
            GeneratedPage(paths.PROPOSITIONS_INDEX, self.propositions_index(), True),
            GeneratedPage(paths.RECOMMENDATIONS, self.recommendations_index(), True),
            GeneratedPage(paths.EVIDENCE_INDEX, self.evidence_index(), True),
            GeneratedPage(paths.EVIDENCE_MAP, self.evidence_map(), True),
            GeneratedPage(paths.BROWSE_INDEX, self.browse_index(), True),
            GeneratedPage(paths.UPDATES, self.updates_page(), True),
            GeneratedPage(paths.PRINT_EDITION, self.print_edition(), True),
            GeneratedPage(paths.DOWNLOADS, self.downloads_page(), True),
        ]
        pages += [GeneratedPage(paths.record_page(p), self.proposition_page(p), False)
                  for p in self.catalogue.propositions]
        pages += [GeneratedPage(paths.record_page(e), self.evidence_page(e), False) for e in self.catalogue.evidence]
        pages += [GeneratedPage(paths.nation_page(n), self.nation_page(n), False) for n in self.catalogue.by_nation]
        pages += [GeneratedPage(paths.kind_page(k), self.kind_page(k), False) for k in self.catalogue.by_kind]
        pages += [GeneratedPage(paths.theme_page(t), self.theme_page(t), False) for t in self.catalogue.by_theme]
        return pages

    def home_sections(self) -> str:
        """Markdown appended to the hand-written home page: the propositions and the latest updates."""
        page = paths.HOME
        lines = ["", heading(2, "The propositions", section("The propositions")), ""]
        for proposition in self.catalogue.propositions:
            lines += [f"{proposition.number}. **{self.link(page, proposition.id)}**  ",
                      f"    {_one_line(self.markdown(proposition.summary, self.linker(page), paths.record_page(proposition), page))}", ""]
        lines += [heading(2, "Latest updates", section("Latest updates")), ""]
        lines += [self._update_line(page, u) for u in self.updates[:HOME_LATEST]]
        lines += ["", f"[All updates]({paths.relative_link(page, paths.UPDATES)}) · "
                      f"{self._subscribe_links(page, None)}", ""]
        return "\n".join(lines)

    def proposition_page(self, proposition: Proposition) -> str:
        """A proposition: summary, body, recommendations with anchors, its evidence by kind, history, feeds."""
        page = paths.record_page(proposition)
        link = self.linker(page)
        out = [front_matter(proposition.title, feed=proposition.id, record_kind="proposition"),
               _title(plain(proposition.title)), ""]
        out += self._draft_notice(proposition)
        source = self.catalogue.records.get(proposition.source)
        cited = f" of {self.link(page, proposition.source)}" if source else ""
        where = f", {plain(proposition.pages)}" if proposition.pages else ""
        out += [f"*Proposition {proposition.number}{cited}{where}.*", ""]
        out += [self.markdown(proposition.summary, link), ""]
        if proposition.body:
            out += [self.markdown(proposition.body, link), ""]
        out += self._themes_line(page, proposition.themes)
        out += [_section(2, "Recommendations"), ""]
        if not proposition.recommendations:
            out += ["No recommendations are recorded for this proposition yet.", ""]
        for rec in proposition.recommendations:
            out += self._recommendation_block(page, self.catalogue.recommendations[rec.id], 3)
        out += [_section(2, "Evidence"), ""]
        entries = self.catalogue.support_for[proposition.id]
        if not entries:
            out += ["No evidence supports this proposition yet.", ""]
        by_kind = sorted(entries, key=lambda e: (list(Kind).index(e.evidence.kind), e.evidence.title.casefold()))
        for kind, group in groupby(by_kind, key=lambda e: e.evidence.kind):
            out += [_section(3, paths.KIND_NAMES[kind][1]), ""]
            for entry in group:
                about = f" (on {self.link(page, entry.recommendation.id)})" if entry.recommendation else ""
                out.append(f"- {self.link(page, entry.evidence.id)}{about}: {plain(entry.how)}")
            out.append("")
        out += self._history(page, proposition)
        out += [_section(2, "Follow this proposition"), "", f"Get its updates in a feed reader: "
                f"{self._subscribe_links(page, proposition.id)}.", ""]
        return "\n".join(out)

    def evidence_page(self, evidence: Evidence) -> str:
        """An evidence record: what, where, when, who, what it supports, its sources and history."""
        page = paths.record_page(evidence)
        link = self.linker(page)
        kind_name = paths.KIND_NAMES[evidence.kind][0]
        out = [front_matter(evidence.title, record_kind="evidence"), _title(plain(evidence.title)), ""]
        out += self._draft_notice(evidence)
        out += [f"*{kind_name}*", "", self.markdown(evidence.summary, link), ""]
        if evidence.body:
            out += [self.markdown(evidence.body, link), ""]
        out += [_section(2, "At a glance"), ""]
        facts: list[tuple[str, str]] = [
            ("Kind", f"[{kind_name}]({paths.relative_link(page, paths.kind_page(evidence.kind))})")]
        if evidence.places:
            facts.append(("Where", "; ".join(self._place(page, p) for p in evidence.places)))
        if evidence.period:
            facts.append(("When", period_text(evidence.period.start, evidence.period.end)))
        if evidence.organisations:
            facts.append(("Who", join_words([plain(o) for o in evidence.organisations])))
        if evidence.themes:
            facts.append(("Themes", join_words([self._theme_link(page, t) for t in evidence.themes])))
        facts.append(("Added", long_date(evidence.published)))
        for term, definition in facts:
            out += [term, f":   {definition}", ""]
        out += [_section(2, "What it supports"), ""]
        entries = self.catalogue.support_by_evidence[evidence.id]
        if not entries:
            out += ["This record does not support any proposition yet.", ""]
        for entry in entries:
            proposition = entry.proposition
            target = f"Proposition {proposition.number}: {self.link(page, proposition.id)}"
            if entry.recommendation:
                target += f", recommendation {self.link(page, entry.recommendation.id)}"
            out.append(f"- {target}. {plain(entry.how)}")
        out += ["", _section(2, "Sources"), ""]
        if not evidence.sources:
            out += ["No source is recorded yet.", ""]
        for number, source in enumerate(evidence.sources, 1):
            out.append(f"{number}. {self._citation(source)}")
        out.append("")
        out += self._history(page, evidence)
        return "\n".join(out)

    def propositions_index(self) -> str:
        """Every proposition with its summary and counts."""
        page = paths.PROPOSITIONS_INDEX
        out = [front_matter("Propositions"), _title("Propositions"), "",
               "The publication's big claims, each with the recommendations that follow from it and the "
               "evidence behind it.", ""]
        for proposition in self.catalogue.propositions:
            count = len(self.catalogue.proposition_evidence(proposition.id))
            recs = len(proposition.recommendations)
            out += [heading(2, f"{proposition.number}. {self.link(page, proposition.id)}", proposition.id), "",
                    self.markdown(proposition.summary, self.linker(page), paths.record_page(proposition), page), "",
                    f"{_count(recs, 'recommendation')} · {_count(count, 'evidence record')}", ""]
        return "\n".join(out)

    def recommendations_index(self) -> str:
        """Every recommendation, by proposition and by who should act."""
        page = paths.RECOMMENDATIONS
        out = [front_matter("Recommendations"), _title("Recommendations"), "",
               "Every recommendation, first by proposition, then by who should act on it. Each names the "
               "publication that made it.", "", _section(2, "By proposition"), ""]
        for proposition in self.catalogue.propositions:
            out += [heading(3, f"{proposition.number}. {self.link(page, proposition.id)}", proposition.id), ""]
            if not proposition.recommendations:
                out += ["No recommendations recorded yet.", ""]
            for rec in proposition.recommendations:
                out.append(f"- {self._recommendation_summary(page, self.catalogue.recommendations[rec.id])}")
            out.append("")
        out += [_section(2, "By who should act"), ""]
        actor_anchor = anchors.Unique(anchors.ACTOR_PREFIX)
        for actor in sorted(self.catalogue.by_actor, key=str.casefold):
            out += [heading(3, plain(actor), actor_anchor(actor)), ""]
            for entry in self.catalogue.by_actor[actor]:
                out.append(f"- {self._recommendation_summary(page, entry, actors=False)}")
            out.append("")
        unnamed = [e for e in self.catalogue.recommendations.values() if not e.recommendation.actors]
        if unnamed:
            out += [_section(3, "Not named in the source"), ""]
            out += [f"- {self._recommendation_summary(page, e, actors=False)}" for e in unnamed] + [""]
        return "\n".join(out)

    def evidence_index(self) -> str:
        """Every evidence record, grouped by kind."""
        page = paths.EVIDENCE_INDEX
        out = [front_matter("Evidence"), _title("Evidence"), "",
               f"{_count(len(self.catalogue.evidence), 'record')} of case studies, reports, statistics and "
               f"conversations, grouped by kind. See also the [evidence map]"
               f"({paths.relative_link(page, paths.EVIDENCE_MAP)}) and [browse by nation, kind or theme]"
               f"({paths.relative_link(page, paths.BROWSE_INDEX)}).", ""]
        for kind in Kind:
            records = self.catalogue.by_kind.get(kind, [])
            if records:
                out += [_section(2, paths.KIND_NAMES[kind][1]), ""]
                out += [self._evidence_item(page, e) for e in records] + [""]
        return "\n".join(out)

    def evidence_map(self) -> str:
        """Propositions against nations and kinds: counts in accessible tables, each linking to its records."""
        page = paths.EVIDENCE_MAP
        out = [front_matter("Evidence map"), _title("Evidence map"), "",
               "How much evidence supports each proposition, by nation and by kind. Each number links to the "
               "records it counts; a cell reading *none* marks a gap in the evidence.", ""]
        nations = list(Nation)
        cells: dict[tuple[str, str], list[Evidence]] = {}
        for proposition in self.catalogue.propositions:
            records = self.catalogue.proposition_evidence(proposition.id)
            for nation in nations:
                cells[(proposition.id, nation.value)] = [e for e in records if nation in {p.nation for p in e.places}]
            for kind in Kind:
                cells[(proposition.id, kind.value)] = [e for e in records if e.kind is kind]
        out += self._map_table(page, "By nation", "Evidence records per proposition and nation",
                               [(n.value, paths.NATION_NAMES[n]) for n in nations], cells)
        out += self._map_table(page, "By kind", "Evidence records per proposition and kind of evidence",
                               [(k.value, paths.KIND_NAMES[k][1]) for k in Kind], cells)
        out += [_section(2, "The records behind each number"), ""]
        for proposition in self.catalogue.propositions:
            out += [heading(3, f"{proposition.number}. {self.link(page, proposition.id)}", proposition.id), ""]
            for column, name in [(n.value, paths.NATION_NAMES[n]) for n in nations] + \
                                [(k.value, paths.KIND_NAMES[k][1]) for k in Kind]:
                records = cells[(proposition.id, column)]
                if records:
                    anchor = anchors.map_cell(proposition.id, column)
                    listed = join_words([self.link(page, e.id) for e in records])
                    out += [f"**{plain(name)}** ({len(records)}): {listed}", "{: #" + anchor + " }", ""]
        return "\n".join(out)

    def browse_index(self) -> str:
        """Links to the browse pages of every nation, kind and theme that has records."""
        page = paths.BROWSE_INDEX
        out = [front_matter("Browse"), _title("Browse"), "", "Find evidence by where it comes from, what kind it is, "
               "or what it is about.", "", _section(2, "By nation"), ""]
        for nation in Nation:
            records = self.catalogue.by_nation.get(nation)
            if records:
                out.append(f"- [{paths.NATION_NAMES[nation]}]({paths.relative_link(page, paths.nation_page(nation))})"
                           f" ({len(records)})")
        out += ["", _section(2, "By kind"), ""]
        for kind in Kind:
            records = self.catalogue.by_kind.get(kind)
            if records:
                out.append(f"- [{paths.KIND_NAMES[kind][1]}]({paths.relative_link(page, paths.kind_page(kind))})"
                           f" ({len(records)})")
        out += ["", _section(2, "By theme"), ""]
        for theme in sorted(self.catalogue.by_theme):
            out.append(f"- {self._theme_link(page, theme)} ({len(self.catalogue.by_theme[theme])})")
        out.append("")
        return "\n".join(out)

    def nation_page(self, nation: Nation) -> str:
        """The evidence from one nation."""
        name = paths.NATION_NAMES[nation]
        page = paths.nation_page(nation)
        records = self.catalogue.by_nation[nation]
        out = [front_matter(f"Evidence from {name}"), _title(f"Evidence from {name}"), "",
               f"{_count(len(records), 'record')}. {self._browse_back(page)}", ""]
        return "\n".join(out + [self._evidence_item(page, e) for e in records] + [""])

    def kind_page(self, kind: Kind) -> str:
        """The evidence of one kind."""
        name = paths.KIND_NAMES[kind][1]
        page = paths.kind_page(kind)
        records = self.catalogue.by_kind[kind]
        out = [front_matter(name), _title(name), "", f"{_count(len(records), 'record')}. {self._browse_back(page)}", ""]
        return "\n".join(out + [self._evidence_item(page, e) for e in records] + [""])

    def theme_page(self, theme: str) -> str:
        """The propositions and evidence of one theme."""
        name = paths.theme_name(theme)
        page = paths.theme_page(theme)
        records = self.catalogue.by_theme[theme]
        out = [front_matter(f"Theme: {name}"), _title(f"Theme: {plain(name)}"), "", self._browse_back(page), ""]
        propositions = [r for r in records if isinstance(r, Proposition)]
        evidence = [r for r in records if isinstance(r, Evidence)]
        if propositions:
            out += [_section(2, "Propositions"), ""] + [f"- {self.link(page, p.id)}" for p in propositions] + [""]
        if evidence:
            out += [_section(2, "Evidence"), ""] + [self._evidence_item(page, e) for e in evidence] + [""]
        return "\n".join(out)

    def updates_page(self) -> str:
        """Every update, newest first, by year: the human twin of the feeds."""
        page = paths.UPDATES
        out = [front_matter("Updates"), _title("Updates"), "",
               f"Everything added or changed, newest first. Follow along in a feed reader: "
               f"{self._subscribe_links(page, None)}; each proposition's page offers a feed of its own.", ""]
        for year, group in groupby(self.updates, key=lambda u: u.date.year):
            out += [_section(2, str(year)), ""]
            out += [self._update_line(page, u) for u in group] + [""]
        return "\n".join(out)

    def print_edition(self) -> str:
        """The whole publication on one page; [[references]] become links within the page."""
        page = paths.PRINT_EDITION

        def in_page(record_id: str, label: str | None) -> str:
            return f"[{plain(label or self.catalogue.target(record_id)[2])}](#{record_id})"

        out = [front_matter(f"{self.site_name}: print edition"), _title(plain(self.site_name)), "",
               "The whole publication on one page, for printing or saving as PDF.", "",
               _section(2, "Contents"), ""]
        out += [f"- [{p.number}. {plain(p.title)}](#{p.id})" for p in self.catalogue.propositions]
        out += [f"- [Evidence](#{section('Evidence')})", ""]
        for proposition in self.catalogue.propositions:
            source = paths.record_page(proposition)
            out += [heading(2, f"{proposition.number}. {plain(proposition.title)}", proposition.id), "",
                    self.markdown(proposition.summary, in_page, source, page), "",
                    self.markdown(proposition.body, in_page, source, page), ""]
            for rec in proposition.recommendations:
                entry = self.catalogue.recommendations[rec.id]
                out += [heading(3, plain(_rec_heading(rec)), rec.id), "", self.markdown(rec.text, in_page, source, page), "",
                        f"**Who should act:** {_actors(rec)}. "
                        f"{self._made_by(entry, lambda rid: in_page(rid, None))}", ""]
            supporting = self.catalogue.proposition_evidence(proposition.id)
            if supporting:
                out += ["**Evidence:** " + join_words([in_page(e.id, None) for e in supporting]) + ".", ""]
        out += [_section(2, "Evidence"), ""]
        for evidence in self.catalogue.evidence:
            out += [heading(3, plain(evidence.title), evidence.id), "",
                    f"*{paths.KIND_NAMES[evidence.kind][0]}*", "",
                    self.markdown(evidence.summary, in_page, paths.record_page(evidence), page), ""]
            if evidence.body:
                out += [self.markdown(evidence.body, in_page, paths.record_page(evidence), page), ""]
            if evidence.sources:
                out += ["Sources: " + "; ".join(self._citation(s) for s in evidence.sources), ""]
        return "\n".join(out)

    def downloads_page(self) -> str:
        """Links to the JSON and CSV downloads and the record schemas."""
        page = paths.DOWNLOADS
        evidence = len(self.catalogue.evidence)
        recs = len(self.catalogue.recommendations)

        def file(path: str) -> str:
            return paths.relative_link(page, path)

        return "\n".join([
            front_matter("Downloads"), _title("Downloads"), "",
            "The publication's records as data, free to reuse with credit to their sources.", "",
            f"- [All records as JSON]({file(exports.JSON_FILE)}): {_count(len(self.catalogue.propositions), 'proposition')}"
            f" with their recommendations, and {_count(evidence, 'evidence record')}.",
            f"- [Evidence as CSV]({file(exports.EVIDENCE_CSV)}): one row per record.",
            f"- [Recommendations as CSV]({file(exports.RECOMMENDATIONS_CSV)}): {_count(recs, 'row')}.",
            f"- Record schemas (JSON Schema): [proposition]({file(paths.SCHEMA_FILES['propositions'])}) and "
            f"[evidence]({file(paths.SCHEMA_FILES['evidence'])}).", "",
            "Every cell of the CSV files is in double quotes, and a cell that would begin with `=`, `+`, `-`, "
            "`@`, a tab or a line break begins with a single quote (`'`) instead, so that a spreadsheet shows "
            "it as text and never runs it as a formula.", "",
        ])

    # -- pieces ----------------------------------------------------------------------------

    def _recommendation_block(self, page: str, entry: RecommendationEntry, level: int) -> list[str]:
        rec = entry.recommendation
        out = [heading(level, plain(_rec_heading(rec)), rec.id), "", self.markdown(rec.text, self.linker(page)), "",
               f"**Who should act:** {_actors(rec)}  ",
               self._made_by(entry, lambda rid: self.link(page, rid)), ""]
        mentions = [e for e in self.catalogue.support_for[entry.proposition.id] if e.recommendation is rec]
        if mentions:
            out += ["**Evidence for it:** " + join_words([self.link(page, e.evidence.id) for e in mentions]), ""]
        return out

    def _made_by(self, entry: RecommendationEntry, link: Callable[[str], str]) -> str:
        if entry.source is None:
            return ""
        number = f" as recommendation {entry.recommendation.number}" if entry.recommendation.number else ""
        source = entry.source
        publisher = source.organisations[0] if source.organisations else (
            source.sources[0].publisher if source.sources else None)
        dated = [s.date[:4] for s in source.sources if s.date]
        by = f" ({plain(publisher)}{', ' + dated[0] if dated else ''})" if publisher else ""
        return f"*Made{number} in {link(entry.source.id)}{by}.*"

    def _recommendation_summary(self, page: str, entry: RecommendationEntry, actors: bool = True) -> str:
        rec = entry.recommendation
        text = f"{self.link(page, rec.id, _rec_heading(rec))}"
        if actors:
            text += f" — who should act: {_actors(rec)}"
        else:
            text += f" (proposition {entry.proposition.number})"
        made_by = self._made_by(entry, lambda rid: self.link(page, rid))
        return f"{text}. {made_by}" if made_by else text

    def _evidence_item(self, page: str, evidence: Evidence) -> str:
        where = join_words(list(dict.fromkeys(plain(p.name) for p in evidence.places)))
        when = f", {period_text(evidence.period.start, evidence.period.end)}" if evidence.period else ""
        detail = f" ({paths.KIND_NAMES[evidence.kind][0].lower()}{', ' + where if where else ''}{when})"
        return f"- {self.link(page, evidence.id)}{detail}"

    def _update_line(self, page: str, update: Update) -> str:
        anchor = update.recommendation
        target = paths.relative_link(page, paths.record_page(update.record), anchor)
        note = f": {_one_line(self.markdown(update.note, self.linker(page), paths.record_page(update.record), page))}" if update.note else ""
        return f"- {long_date(update.date)}: [{plain(update.title)}]({target}){note}"

    def _history(self, page: str, record: Proposition | Evidence) -> list[str]:
        out = [_section(2, "History"), "", f"- {long_date(record.published)}: first published."]
        for change in sorted(record.changes, key=lambda c: c.date):
            minor = " (minor)" if not change.major else ""
            out.append(f"- {long_date(change.date)}{minor}: {_one_line(self.markdown(change.note, self.linker(page)))}")
        if record.changes:
            out.append(f"\nLast updated {long_date(last_updated(record))}.")
        return out + [""]

    def _draft_notice(self, record: Proposition | Evidence) -> list[str]:
        if record.status is not Status.draft:
            return []
        return ['!!! warning "Draft"', "    This record is a draft. It shows in the preview (`mkdocs serve`) "
                "only and is left out of the published site until its status is `published`.", ""]

    def _themes_line(self, page: str, themes: list[str]) -> list[str]:
        if not themes:
            return []
        return [f"**Themes:** {join_words([self._theme_link(page, t) for t in themes])}", ""]

    def _theme_link(self, page: str, theme: str) -> str:
        return f"[{plain(paths.theme_name(theme))}]({paths.relative_link(page, paths.theme_page(theme))})"

    def _place(self, page: str, place) -> str:
        nation = paths.NATION_NAMES[place.nation]
        parts = [plain(place.name)] + ([plain(place.area)] if place.area and place.area != place.name else [])
        link = f"[{nation}]({paths.relative_link(page, paths.nation_page(place.nation))})"
        return ", ".join(parts) + (f" ({link})" if place.name != nation else "")

    def _citation(self, source) -> str:
        authors = f"{join_words([plain(a) for a in source.authors])}, " if source.authors else ""
        date = f", {partial_date(source.date)}" if source.date else ""
        title = f"*{plain(source.title)}*"
        if source.url:
            # In <...> a ')' in the address does not end the link; '<' and '>' are escaped already by the
            # URL type, and again here so that nothing can close the brackets early.
            url = str(source.url).replace("<", "%3C").replace(">", "%3E")
            title = f"[{title}](<{url}>)"
        return f"{authors}{title} ({plain(source.publisher)}{date})"

    def _subscribe_links(self, page: str, proposition_id: str | None) -> str:
        rss = paths.relative_link(page, paths.feed_file(proposition_id, "rss"))
        atom = paths.relative_link(page, paths.feed_file(proposition_id, "atom"))
        return f"[RSS feed]({rss}) or [Atom feed]({atom})"

    def _browse_back(self, page: str) -> str:
        return f"[Browse all evidence]({paths.relative_link(page, paths.BROWSE_INDEX)})."

    def _map_table(self, page, title, caption, columns, cells) -> list[str]:
        out = [_section(2, title), "", "<table>", f"<caption>{caption}</caption>", "<thead><tr>",
               '<th scope="col">Proposition</th>']
        out += [f'<th scope="col">{name}</th>' for _, name in columns]
        out += ["</tr></thead>", "<tbody>"]
        for proposition in self.catalogue.propositions:
            # Raw HTML is not run through markdown, so the row header is plain text; the
            # proposition is linked from its section below the tables.
            out.append(f'<tr><th scope="row">{proposition.number}. {attribute(proposition.title)}</th>')
            for column, name in columns:
                records = cells[(proposition.id, column)]
                if records:
                    label = f"{len(records)} for proposition {proposition.number} in {name}"
                    out.append(f'<td><a href="#{anchors.map_cell(proposition.id, column)}" aria-label="{label}">{len(records)}</a></td>')
                else:
                    out.append("<td><em>none</em></td>")
            out.append("</tr>")
        return out + ["</tbody>", "</table>", ""]


def _title(text: str) -> str:
    """The page's title heading (`text` already escaped)."""
    return heading(1, text, anchors.TOP)


def _section(level: int, name: str) -> str:
    """A heading of the page's own, in the anchor form no record id can take."""
    return heading(level, name, section(name))


def _rec_heading(rec: Recommendation) -> str:
    prefix = f"Recommendation {rec.number}: " if rec.number else ""
    return f"{prefix}{rec.title}"


def _actors(rec: Recommendation) -> str:
    return join_words([plain(a) for a in rec.actors]) if rec.actors else "not named in the source"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _one_line(markdown: str) -> str:
    return " ".join(markdown.split())
