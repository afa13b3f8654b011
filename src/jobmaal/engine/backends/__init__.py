"""The engine on other Ibis backends: PySpark (local, a cluster, spark-submit), Spark Connect, any Ibis URL.

The same compiled indicator expressions as on DuckDB run on the backend; only the small partial
aggregates come back (as Arrow), are finished locally and stored like a DuckDB run.
"""
