-- The operator's own organisation: only its clients and keys may hold the platform scope ops:admin.
ALTER TABLE organizations ADD COLUMN operator boolean NOT NULL DEFAULT false;
