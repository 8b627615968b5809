"""The rows side: what the database holds. Which database a row page reads
(replicas, faults), the deadline every statement keeps, read-only execution,
row lookup and naming, the delete preview and the related rows."""
