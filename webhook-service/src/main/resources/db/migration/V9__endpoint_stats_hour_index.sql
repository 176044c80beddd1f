-- The hourly clean-up deletes the statistics older than the retention (laas.webhook.stats.retention): by this
-- index it reads only the rows it deletes instead of every endpoint's every hour.
CREATE INDEX endpoint_stats_hour_idx ON endpoint_stats (hour);
