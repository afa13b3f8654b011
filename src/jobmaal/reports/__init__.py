"""Reports: the results report ("resultatrevision") and the employment plan, as HTML, PDF and XLSX.

    sources.py           the disclosed run, the follow-up and the plans a report is made from
    make.py              results_report / plan_report / render / write_report (the entry points)
    results_context.py   the results report's content (pure)      plan_context.py  the plan's (pure)
    indicator_section.py one indicator's tables                   benefits.py      benefit groups
    wording.py           generated sentences                      fmt.py, texts.py numbers and words
    disclosed.py         markers for suppressed figures           appendix.py, local.py, meta.py
    html.py, pdf.py, xlsx.py, charts.py   the formats             batch.py         all 98 in parallel
    model.py             the typed content the templates render   templates/       Jinja + print CSS

See docs/reports.md.
"""
