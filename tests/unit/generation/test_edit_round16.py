"""Edits round 16: a part named by the initials of its label or id ("the LIS" for "Lab
Information System", "cms" for ``content_management_service``), when those initials name one
shape of the diagram alone and are no plain English word.

Sentences and diagram of our own; each fails on main 5bfa111."""

from __future__ import annotations

from services.dsl.d2.model import Diagram
from tests.support.edits import applied, linked

#: a hospital: a clinician, a records core, a lab system, a shop with a payment provider
HOSPITAL = """direction: right

clinician: Clinician {shape: person}
clinical: Clinical {
  chart: Electronic Health Record Core
  lab: Lab Information System
}
content_management_service: Patient Leaflets
shop: Gift Shop Web
psp: Payment Service Provider {shape: cloud}
audit: Audit Trail Store {shape: cylinder}

clinician -> clinical.chart: notes
clinical.chart -> clinical.lab: orders
shop -> psp: charge
clinical.chart -> content_management_service: leaflets
"""


def _d(query: str) -> Diagram:
    return applied(query, HOSPITAL)


def test_upper_case_initials_of_a_label_name_that_shape() -> None:
    d = _d("the EHR should write every change to the audit trail store")
    assert linked(d, "clinical.chart", "audit")
    # "LIS" is an English word too, but written in capitals it is the initials
    gone = _d("please remove the LIS, results come by fax now")
    assert "clinical.lab" not in [s.id for s in gone.shapes]


def test_lower_case_initials_of_an_id_name_that_shape() -> None:
    d = _d("the cms should also log to the audit trail store")
    assert linked(d, "content_management_service", "audit")


def test_initials_skip_the_little_words_of_a_label() -> None:
    base = HOSPITAL.replace("Audit Trail Store", "Record of Audit Events")
    d = applied("the ehr writes to the RAE", base)
    assert linked(d, "clinical.chart", "audit")


def test_initials_win_over_the_word_they_spell_out() -> None:
    # "psp" is read as "payment" too, which both payment parts share; its initials are one's
    base = HOSPITAL.replace(
        "audit: Audit", "payments_db: Payment Ledger {shape: cylinder}\naudit: Audit"
    )
    d = applied("drop the psp", base)
    ids = [s.id for s in d.shapes]
    assert "psp" not in ids and "payments_db" in ids


# ------------------------------------------------------------ a new part placed by a side of Y


def test_a_part_in_front_of_a_contained_part_goes_in_its_container_and_takes_its_callers() -> None:
    d = _d("put a validation service before the lab information system")
    assert "clinical.validation_service" in [s.id for s in d.shapes]
    assert linked(d, "clinical.chart", "clinical.validation_service")
    assert linked(d, "clinical.validation_service", "clinical.lab")
    assert not linked(d, "clinical.chart", "clinical.lab")


def test_a_part_behind_a_contained_part_is_called_by_it_in_its_container() -> None:
    d = _d("add a result archiver behind the lab information system")
    new = [s for s in d.shapes if "archiver" in s.label.lower()]
    assert [s.parent for s in new] == ["clinical"]
    assert any((c.src, c.dst) == ("clinical.lab", new[0].id) for c in d.connections)


# ------------------------------------------------------------ a part moved to a hosted product


def test_a_part_moved_to_a_saas_product_is_a_cloud_outside_the_own_group() -> None:
    d = _d("we moved the lab information system to LabVantage (SaaS)")
    new = [s for s in d.shapes if "labvantage" in s.label.lower()]
    assert [(s.parent, s.shape) for s in new] == [(None, "cloud")]
    assert any((c.src, c.dst) == ("clinical.chart", new[0].id) for c in d.connections)


def test_a_part_that_is_the_vendors_hosted_service_now_keeps_its_name_as_a_cloud() -> None:
    d = _d("the lab information system is the vendor's hosted service now")
    lab = [s for s in d.shapes if s.label == "Lab Information System"]
    assert [(s.parent, s.shape) for s in lab] == [(None, "cloud")]
    assert "vendor" not in " ".join(s.label.lower() for s in d.shapes)


def test_news_of_a_migration_to_a_saas_product_keeps_the_mark_and_draws_a_cloud() -> None:
    d = _d("we've migrated the lab information system to Labware Online (SaaS), please update")
    new = [s for s in d.shapes if "labware" in s.label.lower()]
    assert [(s.parent, s.shape) for s in new] == [(None, "cloud")]
    assert "clinical.lab" not in [s.id for s in d.shapes]


def test_a_part_behind_a_forwarding_edge_part_takes_its_place_on_the_request_path() -> None:
    base = HOSPITAL.replace(
        "clinician -> clinical.chart: notes",
        "gate: Clinic Firewall {class: firewall}\nclinician -> gate\ngate -> clinical.chart: notes",
    )
    d = applied("add a bot filter behind the clinic firewall", base)
    new = [s.id for s in d.shapes if "bot filter" in s.label.lower()]
    assert len(new) == 1
    assert linked(d, "gate", new[0]) and linked(d, new[0], "clinical.chart")
    assert not linked(d, "gate", "clinical.chart")
