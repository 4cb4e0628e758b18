"""Writes of the benchmark: methods (installed, copied, imported), settings, peer data imports
(all or nothing) and evaluations (stored, and the rank targets' standings passed to
monitoring). Each runs inside ``attributed`` so the audit log says who, through which door."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.accounts.models import Zone
from luoshi.core.audit import attributed, log_event
from luoshi.core.jobs import Progress, job_enqueue
from luoshi.domain.benchmark import method as domain_method
from luoshi.domain.benchmark.evaluate import Options
from luoshi.domain.benchmark.home import HomeFigure, Skipped, home_figures, with_home
from luoshi.domain.benchmark.peers import PeerRow, peer_rows
from luoshi.domain.benchmark.report import NATIONAL, Request, UnknownZone, report, zone_history
from luoshi.domain.directory import RowError
from luoshi.domain.tabular import read_sheets

from . import selectors
from .models import BenchmarkSettings, Evaluation, Method, MethodGroup, MethodIndicator, PeerSet

MANAGE_PERM = "benchmark.manage_benchmark"
VIEW_PERM = "benchmark.view_benchmark"


class ShrinkRefused(ValueError):
    """A file that would replace a year's peer data with far fewer zones (a partial file
    taken for a whole one): nothing was stored; import it again with ``replace_smaller``."""

    def __init__(self, shrinks: list[tuple[int, int, int]]) -> None:
        super().__init__("; ".join(f"{y}: {old} → {new}" for y, old, new in shrinks))
        self.shrinks = shrinks  # (year, zones stored, zones in the file)


class ImportRefused(ValueError):
    """A file with errors: nothing was stored."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


# --- methods ---------------------------------------------------------------------------------
def method_as_domain(method: Method) -> domain_method.Method:
    groups = list(method.groups.all())
    names = {g.pk: g.name for g in groups}
    return domain_method.Method(
        key=method.key, name=method.name, notes=method.notes,
        groups=tuple(domain_method.Group(g.name, g.weight) for g in groups),
        indicators=tuple(domain_method.Indicator(
            code=i.code, name=i.name, group=names[i.group_id], direction=i.direction,
            kind=i.kind, weight=i.weight, unit=i.unit, evidence=i.evidence, note=i.note,
            source=i.source) for i in method.indicators.all()))


def _store_method(*, zone: Zone, key: str, name: str, notes: str, plan: domain_method.Method,
                  based_on: Method | None = None) -> Method:
    method = Method.objects.create(zone=zone, key=key, name=name, notes=notes,
                                   based_on=based_on)
    groups = {}
    for order, group in enumerate(plan.groups):
        groups[group.name] = MethodGroup.objects.create(method=method, name=group.name,
                                                        weight=group.weight, order=order)
    for order, i in enumerate(plan.indicators):
        MethodIndicator.objects.create(
            method=method, group=groups[i.group], code=i.code, name=i.name, unit=i.unit,
            direction=i.direction, kind=i.kind, weight=i.weight, evidence=i.evidence,
            note=i.note[:300], source=i.source[:500], order=order)
    return method


@transaction.atomic
def method_default_install(*, zone: Zone, by, origin: str) -> Method:
    """The zone's copy of the 2021 method (installed once)."""
    found = Method.objects.filter(zone=zone, key=domain_method.DEFAULT_KEY).first()
    if found:
        return found
    plan = domain_method.default_method()
    with attributed(by=by, origin=origin):
        return _store_method(zone=zone, key=plan.key, name=plan.name, notes=plan.notes,
                             plan=plan)


@transaction.atomic
def method_copy(*, method: Method, key: str, name: str, by, origin: str) -> Method:
    if Method.objects.filter(zone=method.zone, key=key).exists():
        raise ValueError(_("A method with this key exists already."))
    with attributed(by=by, origin=origin):
        return _store_method(zone=method.zone, key=key, name=name, notes=method.notes,
                             plan=method_as_domain(method), based_on=method)


def method_file_read(content: bytes, filename: str, *, key: str, name: str
                     ) -> domain_method.Method:
    """A method file (csv or xlsx: group, group_weight, indicator, weight, direction, kind),
    checked; ImportRefused names every error."""
    from luoshi.domain.directory import find_table

    table = find_table(read_sheets(content, filename), domain_method.COLUMNS, "indicator")
    plan, errors = domain_method.method_from_rows(list(table.rows), key=key, name=name)
    if errors:
        raise ImportRefused(errors)
    return plan


@transaction.atomic
def method_import(*, zone: Zone, content: bytes, filename: str, key: str, name: str, by,
                  origin: str) -> Method:
    """A new method from a file, or the replacement of a method of the same key that no
    setting uses."""
    plan = method_file_read(content, filename, key=key, name=name)
    with attributed(by=by, origin=origin):
        old = Method.objects.filter(zone=zone, key=key).first()
        if old is not None:
            if BenchmarkSettings.objects.filter(method=old).exists():
                raise ValueError(_("The method in use cannot be replaced; import it under "
                                   "another key and choose it in the settings."))
            old.delete()
        return _store_method(zone=zone, key=key, name=name, notes=plan.notes, plan=plan)


@transaction.atomic
def method_weights_save(*, method: Method, groups: dict, weights: dict, directions: dict, by,
                        origin: str) -> bool:
    """Change a method's weights and directions in place (by record key), checked as a method
    file is (group weights add up to 100; given indicator weights leave a share for the blank
    ones); ImportRefused names every error. True when the settings use the method (its years
    are then evaluated again by the caller)."""
    found_groups = {g.pk: g for g in method.groups.all()}
    found = list(method.indicators.all())
    rows = [(n, {"group": found_groups[i.group_id].name,
                 "group_weight": str(groups[i.group_id]), "code": i.code, "indicator": i.name,
                 "weight": "" if weights[i.pk] is None else str(weights[i.pk]),
                 "unit": i.unit, "direction": directions[i.pk], "kind": i.kind,
                 "evidence": i.evidence, "note": i.note, "source": i.source})
            for n, i in enumerate(found, start=1)]
    _plan, errors = domain_method.method_from_rows(rows, key=method.key, name=method.name)
    if errors:
        raise ImportRefused(errors)
    with attributed(by=by, origin=origin):
        for pk, group in found_groups.items():
            if group.weight != groups[pk]:
                group.weight = groups[pk]
                group.save(update_fields=["weight"])
        for indicator in found:
            if (indicator.weight, indicator.direction) != (weights[indicator.pk],
                                                           directions[indicator.pk]):
                indicator.weight = weights[indicator.pk]
                indicator.direction = directions[indicator.pk]
                indicator.save(update_fields=["weight", "direction"])
    return BenchmarkSettings.objects.filter(method=method).exists()


# --- settings ------------------------------------------------------------------------------
@transaction.atomic
def settings_ensure(*, zone: Zone, by, origin: str) -> BenchmarkSettings:
    found = BenchmarkSettings.objects.filter(zone=zone).select_related("method").first()
    if found:
        return found
    method = method_default_install(zone=zone, by=by, origin=origin)
    with attributed(by=by, origin=origin):
        return BenchmarkSettings.objects.create(zone=zone, home_name=zone.name, method=method)


@transaction.atomic
def settings_save(*, current: BenchmarkSettings, by, origin: str) -> BenchmarkSettings:
    current.full_clean()
    with attributed(by=by, origin=origin):
        current.save()
    return current


def options_of(found: BenchmarkSettings) -> Options:
    return Options(normalise=found.normalise, missing=found.missing,
                   winsor=float(found.winsor_percent) / 100, first_tier=found.first_tier,
                   regional_top=found.regional_top)


# --- peer data ------------------------------------------------------------------------------
def _row_json(row: PeerRow) -> dict:
    return {"zone": row.zone, "province": row.province, "region": row.region,
            "values": {code: None if v is None else str(v) for code, v in row.values.items()}}


def rows_of(peer_set: PeerSet) -> list[PeerRow]:
    return [PeerRow(line=0, zone=r["zone"], province=r["province"], region=r["region"],
                    year=peer_set.year,
                    values={c: None if v is None else Decimal(v) for c, v in r["values"].items()})
            for r in peer_set.rows]


@transaction.atomic
def peers_store(*, zone: Zone, rows: list[PeerRow], source: str, synthetic: bool, by,
                origin: str, ignored: list[str] | None = None) -> list[PeerSet]:
    """Store checked rows, one set per data year, replacing that year's earlier set;
    ``ignored``: the file's columns left unread (not the method's), kept and audited."""
    ignored = ignored or []
    stored = []
    with attributed(by=by, origin=origin):
        for year in sorted({r.year for r in rows}):
            chosen = [r for r in rows if r.year == year]
            codes = sorted({c for r in chosen for c in r.values})
            old = PeerSet.objects.filter(zone=zone, year=year).first()
            peer_set, _created = PeerSet.objects.update_or_create(
                zone=zone, year=year, defaults={
                    "source": source[:255], "synthetic": synthetic, "codes": codes,
                    "rows": [_row_json(r) for r in chosen], "ignored_columns": ignored,
                    "imported_by": by})
            log_event(model=PeerSet, by=by, origin=origin,
                      summary=_("Peer data %(year)s: %(zones)s zones from %(source)s") % {
                          "year": year, "zones": len(chosen), "source": source},
                      changes={"zones": [old.rows.__len__() if old else 0, len(chosen)],
                               "source": [old.source if old else "", source],
                               "synthetic": [old.synthetic if old else None, synthetic],
                               "ignored_columns": [old.ignored_columns if old else [],
                                                   ignored]})
            stored.append(peer_set)
    return stored


def peers_import(*, zone: Zone, content: bytes, filename: str, by, origin: str,
                 synthetic: bool = False, ignore_extra: bool = False,
                 replace_smaller: bool = False) -> list[PeerSet]:
    """Check a peer data file against the zone's method and store it; ImportRefused (nothing
    stored) when any row or column is wrong. ``ignore_extra``: columns that are not the
    method's indicators are left unread (and listed on each set) instead of refused.
    ShrinkRefused when a year would keep less than half its zones, unless ``replace_smaller``."""
    found = settings_ensure(zone=zone, by=by, origin=origin)
    plan = method_as_domain(found.method)
    extra: list[str] | None = [] if ignore_extra else None
    rows, errors = peer_rows(read_sheets(content, filename), plan, extra=extra)
    if errors:
        raise ImportRefused(errors)
    if not replace_smaller:
        _refuse_shrinking(zone, rows)
    return peers_store(zone=zone, rows=rows, source=filename, synthetic=synthetic, by=by,
                       origin=origin, ignored=extra)


def _refuse_shrinking(zone: Zone, rows: list[PeerRow]) -> None:
    counts = dict.fromkeys({r.year for r in rows}, 0)
    for row in rows:
        counts[row.year] += 1
    stored = {s.year: len(s.rows) for s in PeerSet.objects.filter(zone=zone, year__in=counts)}
    shrinks = [(year, stored[year], new) for year, new in sorted(counts.items())
               if year in stored and new * 2 < stored[year]]
    if shrinks:
        raise ShrinkRefused(shrinks)


# --- evaluations ----------------------------------------------------------------------------
def zone_rows(zone: Zone) -> tuple[list[PeerRow], bool]:
    sets = list(PeerSet.objects.filter(zone=zone).order_by("year"))
    return [r for s in sets for r in rows_of(s)], any(s.synthetic for s in sets)


@dataclass
class Inputs:
    """What an evaluation reads: the peer rows with the zone's monitored figures in place."""

    rows: list[PeerRow]
    synthetic: bool
    home: list[HomeFigure] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def evaluation_inputs(zone: Zone, found: BenchmarkSettings) -> Inputs:
    rows, synthetic = zone_rows(zone)
    if not rows or not found.home_from_monitoring:
        return Inputs(rows, synthetic)
    taken, skipped = home_figures(method_as_domain(found.method),
                                  selectors.monitored_figures(zone, {r.year for r in rows}))
    province = found.home_province or next(
        (r.province for r in rows if r.zone == found.home_name), "")
    rows, home = with_home(rows, found.home_name, province, taken)
    return Inputs(rows, synthetic, home, skipped)


def _plain(report_dict: dict) -> dict:
    return json.loads(json.dumps(report_dict, cls=DjangoJSONEncoder))


@transaction.atomic
def evaluation_run(*, zone: Zone, by, origin: str, year: int | None = None,
                   progress: Progress | None = None, inputs: Inputs | None = None,
                   history: list[dict] | None = None) -> Evaluation:
    """Evaluate a data year (the latest by default) with the zone's settings and store it;
    the plan's rank targets learn the new standing. ``inputs`` and ``history`` are passed when
    several years are evaluated at once (read and computed once)."""
    found = settings_ensure(zone=zone, by=by, origin=origin)
    inputs = inputs or evaluation_inputs(zone, found)
    rows = inputs.rows
    if not rows:
        raise ValueError(_("No peer data has been imported yet."))
    year = year or max(r.year for r in rows)
    if progress:
        progress(20, _("Evaluating %(year)s") % {"year": year})
    try:
        result = report(method_as_domain(found.method), options_of(found), rows,
                        Request(zone=found.home_name, year=year), home_figures=inputs.home,
                        skipped=inputs.skipped, history=history)
    except UnknownZone as error:
        raise ValueError(_("The zone's name %(name)s is not in the peer data of %(year)s; "
                           "correct it in the settings.") % {"name": found.home_name,
                                                             "year": year}) from error
    if progress:
        progress(80, _("Storing the results"))
    with attributed(by=by, origin=origin):
        evaluation, _created = Evaluation.objects.update_or_create(
            zone=zone, year=year, defaults={
                "method_name": found.method.name, "options": _plain(vars(options_of(found))),
                "report": _plain(result), "synthetic": inputs.synthetic, "computed_by": by})
        log_event(model=Evaluation, by=by, origin=origin,
                  summary=_("Benchmark %(year)s evaluated: rank %(rank)s of %(zones)s, "
                            "%(region)s %(regional)s") % {
                      "year": year, "rank": result["rank"], "zones": result["zones"],
                      "region": result["region"], "regional": result["regional_rank"]},
                  changes={"rank": [None, result["rank"]],
                           "regional_rank": [None, result["regional_rank"]],
                           "from_monitoring": [None, [f["indicator"] for f in
                                                      result["home_figures"]]]})
        if year == max(r.year for r in rows):
            _standings_store(zone, result, found.method.name, by, origin)
    return evaluation


def _standings_store(zone: Zone, result: dict, method: str, by, origin: str) -> None:
    from luoshi.monitoring.rank_services import rank_standings_store

    band = result["sensitivity"]
    regional = band["regional"]
    rank_standings_store(zone=zone, year=result["year"], method=method, by=by, origin=origin,
                         standings=[
                             # the band comes from varied weights; widen it to hold the rank
                             {"scope": NATIONAL, "rank": result["rank"],
                              "low": min(band["low"], result["rank"]),
                              "high": max(band["high"], result["rank"]), "of": result["zones"]},
                             {"scope": result["region"], "rank": result["regional_rank"],
                              "low": min(regional["low"], result["regional_rank"]),
                              "high": max(regional["high"], result["regional_rank"]),
                              "of": result["regional_zones"]}])


def evaluations_run_all(*, zone: Zone, by, origin: str, progress: Progress | None = None
                        ) -> int:
    """Every data year evaluated again (after new data or settings)."""
    found = settings_ensure(zone=zone, by=by, origin=origin)
    inputs = evaluation_inputs(zone, found)
    years = sorted({r.year for r in inputs.rows})
    Evaluation.objects.filter(zone=zone).exclude(year__in=years).delete()
    history = zone_history(method_as_domain(found.method), options_of(found), inputs.rows,
                           found.home_name, found.first_tier) if years else None
    for index, year in enumerate(years):
        if progress:
            progress(int(100 * index / max(len(years), 1)),
                     _("Evaluating %(year)s") % {"year": year})
        evaluation_run(zone=zone, year=year, by=by, origin=origin, inputs=inputs,
                       history=history)
    return len(years)


def evaluations_enqueue(*, zone: Zone, by, origin: str):
    """The evaluation of every year as a background job (the page follows it)."""
    from .tasks import evaluate_zone

    return job_enqueue(task=evaluate_zone, kind="benchmark.evaluate",
                       subject=_("Benchmark evaluation"), by=by, origin=origin,
                       zone_code=zone.code, viewer_perm=VIEW_PERM,
                       args=(zone.pk, by.pk if by else None, origin))
