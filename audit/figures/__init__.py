"""The CAIO's figures, all aggregated in SQL: what the dashboard pages, reports and exports show.

    query            the filter, date buckets and cost shared by every query
    tables, rollups  daily rollup tables, so year-long figures do not scan every record
    metrics          usage: totals, series by day or month, departments, use-cases
    confidentiality  levels, detected entity types, blocked requests and their reasons
    search           the audit log search and one record's detail
    reports          the annual and monthly 総務省 survey summary; report_files writes it as CSV / .xlsx
    review_metrics   review rate, time to review, overdue items
"""
