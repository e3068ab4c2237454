"""Attack-based privacy audits of synthetic tables.

:func:`privacy_audit` is the entry point: the DCR share of :mod:`fingan.metrics.privacy`, the
singling-out, linkability and inference risks of Giomi et al. (2022) (anonymeter's
definitions) and a density-ratio membership-inference attack, in one :class:`PrivacyAudit`.
Unlike :mod:`fingan.metrics`, the attacks here search, sample and estimate densities, so they
live in their own package above the metrics.
"""

from fingan.audit.inference import inference_risk
from fingan.audit.linkability import linkability_risk, split_columns
from fingan.audit.membership import MembershipAttack, membership_attack
from fingan.audit.neighbours import mixed_neighbours
from fingan.audit.report import PrivacyAudit, privacy_audit
from fingan.audit.risk import AttackRisk, SuccessRate, attack_risk, success_rate
from fingan.audit.singling_out import singling_out_risk

__all__ = [
    "AttackRisk",
    "MembershipAttack",
    "PrivacyAudit",
    "SuccessRate",
    "attack_risk",
    "inference_risk",
    "linkability_risk",
    "membership_attack",
    "mixed_neighbours",
    "privacy_audit",
    "singling_out_risk",
    "split_columns",
    "success_rate",
]
