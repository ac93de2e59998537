"""lawgov: turn a 法治政府建设年度报告 into department task checklists and track them."""

__version__ = "0.1.0"
