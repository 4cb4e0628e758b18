"""The audit hash chain and its signed archive, without a database."""

import builtins
import dataclasses
import hashlib
import hmac
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.domain import audit_archive, audit_chain
from luoshi.domain.audit_chain import Anchor, Entry, canonical, link_hash, seal, verify

START = datetime(2026, 1, 1, tzinfo=UTC)


def entry(n: int, **changed) -> Entry:
    return Entry(**{
        "id": n, "content_type": "plans.task", "object_pk": str(n), "object_repr": f"任务{n}",
        "action": 1, "changes": {"title": ["旧", f"新{n}"], "b": [1, 2]}, "actor_id": 7,
        "remote_addr": "10.0.0.1", "timestamp": START + timedelta(minutes=n), "cid": "op1",
        "additional_data": {"origin": "web"}, **changed})


def chain(entries, algorithm="sha256", anchor=None):
    anchor = anchor or Anchor()
    links, previous, position = [], anchor.hash, anchor.position
    for one in entries:
        position += 1
        link = seal(one, previous_hash=previous, position=position, algorithm=algorithm)
        links.append(link)
        previous = link.hash
    head = Anchor(anchor.position, anchor.hash, position, previous,
                  entries[-1].id if entries else None)
    return links, head


def test_canonical_form_ignores_key_order_and_time_zone():
    one = entry(1, changes={"a": [1, 2], "b": ["x", "y"]})
    other = entry(1, changes={"b": ["x", "y"], "a": [1, 2]},
                  timestamp=one.timestamp.astimezone(timezone(timedelta(hours=8))))
    assert canonical(one) == canonical(other)
    assert "任务1".encode() in canonical(one)  # ensure_ascii False


def test_a_whole_chain_verifies():
    entries = [entry(n) for n in range(1, 6)]
    links, head = chain(entries)
    verdict = verify(links, entries, head)
    assert verdict.ok and verdict.checked == 5 and verdict.algorithm == "sha256"


@pytest.mark.parametrize("reason", ["altered", "deleted", "unsealed", "broken_link"])
def test_each_kind_of_tampering_names_the_first_broken_entry(reason):
    entries = [entry(n) for n in range(1, 6)]
    links, head = chain(entries)
    if reason == "altered":
        entries[2] = dataclasses.replace(entries[2], changes={"title": ["旧", "改"]})
    elif reason == "deleted":
        del entries[2]
    elif reason == "unsealed":
        entries.append(entry(99))
    else:  # the link and its entry removed, or a link forged
        del links[2], entries[2]
    verdict = verify(links, entries, head)
    assert not verdict.ok
    assert verdict.first_broken.reason == reason
    expected = {"altered": 3, "deleted": 3, "unsealed": 99, "broken_link": 4}[reason]
    assert verdict.first_broken.entry_id == expected


def test_the_last_entry_gone_with_its_link_is_deleted():
    entries = [entry(n) for n in range(1, 4)]
    links, head = chain(entries)
    verdict = verify(links[:-1], entries[:-1], head)
    assert (verdict.first_broken.entry_id, verdict.first_broken.reason) == (3, "deleted")


def test_a_pruned_chain_starts_at_its_anchor():
    first, _ = chain([entry(n) for n in range(1, 4)])
    entries = [entry(n) for n in range(1, 6)] + [about_the_chain(
        6, pruned=3, anchor={"position": first[2].position, "hash": first[2].hash})]
    links, head = chain(entries)
    anchor = Anchor(links[2].position, links[2].hash, head.head_position, head.head_hash)
    assert verify(links[3:], entries[3:], anchor).ok
    assert not verify(links[3:], entries[3:], head).ok  # without the anchor it is broken


def about_the_chain(n: int, **changes) -> Entry:
    """An entry the product writes about the chain itself (discard, prune)."""
    return entry(n, content_type=audit_chain.CHAIN_ENTRY_TYPE, object_pk="",
                 changes={key: [None, value] for key, value in changes.items()})


def discarded(entries, links, *, voucher: Entry | None):
    """Entry 2 taken out (its link marked), then ``voucher`` written after the rest."""
    links[1] = dataclasses.replace(links[1], discarded=True)
    kept = [entries[0], entries[2]]
    if voucher is None:
        return links, kept, None
    more, head = chain([voucher], anchor=Anchor(links[-1].position, links[-1].hash))
    return links + more, kept + [voucher], Anchor(0, "", head.head_position, head.head_hash)


@pytest.mark.parametrize("voucher, ok", [
    ({"discarded": 1, "discarded_entries": "2"}, True),
    ({"discarded": 1}, True),  # written before the ids were: by count
    ({"discarded": 1, "discarded_entries": "3"}, False),  # names another entry
    ({"discarded": 0}, False),
    (None, False),  # the link marked by SQL, the entry deleted: nothing names it
])
def test_a_discarded_entry_stands_only_when_a_later_entry_names_it(voucher, ok):
    entries = [entry(n) for n in range(1, 4)]
    links, _head = chain(entries)
    made = about_the_chain(9, **voucher) if voucher is not None else None
    links, kept, head = discarded(entries, links, voucher=made)
    verdict = verify(links, kept, head or _head)
    assert verdict.ok is ok
    if not ok:
        assert (verdict.first_broken.entry_id, verdict.first_broken.reason) == (2, "deleted")


def test_a_voucher_names_only_what_came_before_it():
    entries = [entry(1), about_the_chain(2, discarded=1, discarded_entries="3"), entry(3)]
    links, head = chain(entries)
    links[2] = dataclasses.replace(links[2], discarded=True)
    verdict = verify(links, entries[:2], head)
    assert (verdict.first_broken.entry_id, verdict.first_broken.reason) == (3, "deleted")


def test_an_archive_part_is_walked_without_its_vouchers():
    entries = [entry(n) for n in range(1, 4)]
    links, head = chain(entries)
    links[1] = dataclasses.replace(links[1], discarded=True)
    assert verify(links, [entries[0], entries[2]], head, vouching=False).ok


@pytest.mark.parametrize("left, reason", [
    ({"position": 3, "hash": None}, None),  # the start this prune left
    ({"position": 2, "hash": None}, "anchor_moved"),  # another start: moved since by SQL
    ("legacy", None),  # a prune entry from before the start was written in it
    (None, "anchor_moved"),  # no prune entry at all
])
def test_a_chain_starts_only_where_the_last_prune_left_it(left, reason):
    entries = [entry(n) for n in range(1, 4)]
    links, _ = chain(entries)
    anchor = Anchor(links[2].position, links[2].hash)
    later = [entry(4)]
    if left == "legacy":
        later.append(about_the_chain(5, pruned=3))
    elif left is not None:
        start = links[left["position"] - 1]
        later.append(about_the_chain(5, pruned=3, anchor={"position": start.position,
                                                            "hash": start.hash}))
    more, head = chain(later, anchor=anchor)
    verdict = verify(more, later, head)
    assert verdict.ok is (reason is None)
    if reason:
        assert verdict.first_broken.reason == reason


def test_a_chain_never_begun_beside_audited_records_was_emptied():
    assert verify([], [], Anchor()).ok
    verdict = verify([], [], Anchor(), records_exist=True)
    assert verdict.first_broken.reason == "emptied"


@given(st.sets(st.integers(1, 10_000), max_size=60))
def test_ids_compact_into_runs_and_back(ids):
    text = audit_chain.compact_ids(ids)
    assert audit_chain.expand_ids(text) == ids
    assert len(text.split(",")) <= max(len(ids), 1)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=5), st.one_of(
    st.integers(), st.text(max_size=8), st.none(), st.floats(allow_nan=False))),
    min_size=1, max_size=6), st.data())
def test_any_change_to_any_entry_is_found(changes, data):
    entries = [entry(n + 1, changes=c) for n, c in enumerate(changes)]
    links, head = chain(entries)
    assert verify(links, entries, head).ok
    victim = data.draw(st.integers(0, len(entries) - 1))
    field = data.draw(st.sampled_from(["object_repr", "actor_id", "remote_addr", "cid"]))
    entries[victim] = dataclasses.replace(entries[victim], **{field: "tampered"})
    verdict = verify(links, entries, head)
    assert (verdict.first_broken.entry_id, verdict.first_broken.reason) == (
        victim + 1, "altered")


def test_sm3_is_the_national_standard_function():
    # GB/T 32905-2016, example 1.
    assert audit_chain.digest(b"abc", "sm3").hex() == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")


def test_sm3_from_gmssl_and_openssl_agree():
    pytest.importorskip("gmssl")
    data = "审计".encode() * 50
    assert audit_chain._gmssl_sm3(data) == hashlib.new("sm3", data).digest()


def test_the_algorithm_is_sm3_with_gmssl_and_sha256_without(monkeypatch):
    real_import = builtins.__import__

    def no_gmssl(name, *args, **kwargs):
        if name.startswith("gmssl"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_gmssl)
    assert audit_chain.preferred_algorithm() == "sha256"
    monkeypatch.undo()
    if audit_chain.gmssl_available():
        assert audit_chain.preferred_algorithm() == "sm3"


def test_links_record_their_algorithm_and_mixed_chains_verify():
    entries = [entry(n) for n in range(1, 5)]
    first, head = chain(entries[:2], "sha256")
    rest, head = chain(entries[2:], "sm3", anchor=Anchor(head.head_position, head.head_hash))
    head = Anchor(0, "", head.head_position, head.head_hash, 4)
    verdict = verify(first + rest, entries, head)
    assert verdict.ok and verdict.algorithms == ("sha256", "sm3")
    assert link_hash("", b"x", "sm3") != link_hash("", b"x", "sha256")


def test_hmac_construction_matches_the_standard_library():
    for key in (b"k", b"k" * 100):
        assert audit_chain.keyed_digest(key, b"data", "sha256") == hmac.new(
            key, b"data", hashlib.sha256).hexdigest()
        if "sm3" in hashlib.algorithms_available:
            assert audit_chain.keyed_digest(key, b"data", "sm3") == hmac.new(
                key, b"data", "sm3").hexdigest()


@pytest.mark.parametrize("algorithm", ["sha256", "sm3"])
def test_an_archive_checks_and_a_changed_one_does_not(algorithm):
    entries = [entry(n) for n in range(1, 4)]
    links, head = chain(entries, algorithm)
    header = {"count": 3, "anchor_before": {"position": 0, "hash": ""},
              "anchor_after": {"position": 3, "hash": links[-1].hash, "entry_id": 3}}
    data = audit_archive.write_archive(header, zip(entries, links, strict=True),
                                       key=b"secret", algorithm=algorithm)
    check = audit_archive.check_archive(data, keys=[b"other", b"secret"])
    assert check.ok and check.count == 3
    assert not audit_archive.check_archive(data, keys=[b"other"]).ok
    import gzip

    tampered = gzip.compress(gzip.decompress(data).replace("任务2".encode(), "任务X".encode()))
    check = audit_archive.check_archive(tampered, keys=[b"secret"])
    assert not check.signed and not check.ok
    with pytest.raises(audit_archive.ArchiveError):
        audit_archive.check_archive(b"not gzip", keys=[b"secret"])
