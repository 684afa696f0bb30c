"""The pure rules the counter (``counter_app``) and the central service (``counter_central``) both
evaluate: the service catalog model (服务事项目录), the checklist decision (受理审核结果), the
acceptance conditions (受理条件), the 核定数据 fields, document kinds, the retirement and money
rules with their effective-dated parameters (政策参数), and the masking of personal data.

Why a package beside :mod:`counter_protocol` rather than inside it: the protocol is what crosses
the wire (formats, models, digests, states) and changes only with the API; these are the agency's
policy rules, which change with the catalog and the parameters. Both sides import both; the rules
may import the protocol (the record model, the identifier checks), never the other way round.
Pure: no Qt, no database, no I/O library, no clock (dates are arguments) — import-linter's
``rules-apart`` contract. The counter keeps re-exports in ``counter_app.domain`` for the modules
many of its callers import from there (catalog, checklist, conditions, documents, masking).
"""
