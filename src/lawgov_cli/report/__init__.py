"""Reading a 法治政府建设年度报告: text in, a :class:`~lawgov_cli.report.model.Report` out.

Pure: no file system beyond :func:`~lawgov_cli.report.text.read_report_file`, no typer/rich.
"""

from lawgov_cli.report.indicators import extract_indicators
from lawgov_cli.report.model import Indicator, Item, Report
from lawgov_cli.report.parse import parse_report

__all__ = ["Indicator", "Item", "Report", "extract_indicators", "parse_report"]
