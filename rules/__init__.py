"""rules: a declarative rules engine that turns rows and panel into the discrepancy table.

    findings = rules.check(rows, panel, ruleset=rules.load_ruleset(Path("my_rules.yaml")), lang="id")
    rules.write_findings(findings, out_dir)   # out_dir/discrepancies.csv
    rules.summary(findings)                   # counts per rule and severity

Rules are declared in default_rules.yaml; each check is a function registered
by id (rules.registry). rules reads the panel as a DataFrame and imports
neither rekon nor reconcile.
"""

from rekon.rules.config import RuleConfigError, RuleSet, load_ruleset
from rekon.rules.engine import check
from rekon.rules.findings import FINDING_COLUMNS
from rekon.rules.findings_files import summary, write_findings

__all__ = ["FINDING_COLUMNS", "RuleConfigError", "RuleSet", "check", "load_ruleset", "summary", "write_findings"]
