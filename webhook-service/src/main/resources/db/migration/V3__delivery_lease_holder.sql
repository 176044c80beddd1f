-- Which dispatcher replica holds a delivery's lease. A replica may lease a fast endpoint's deliveries
-- ahead of sending them (up to laas.webhook.prefetch-per-endpoint) only while no other replica holds any
-- of that endpoint's leases, so the attempts in flight to one endpoint stay within
-- laas.webhook.max-in-flight-per-endpoint across replicas. NULL when no lease is held.
ALTER TABLE deliveries ADD COLUMN leased_by uuid;
