"""The persistence worker: the pipeline's last stage (store the outcome, then publish it) and
the durable record of failed jobs. The data layer it writes through is shared/data."""
