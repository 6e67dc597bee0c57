-- Data only. Earlier versions stored IPv6 targets uncompressed (2620:1ec:bdf:0:0:0:0:40); Defender
-- writes them compressed in RFC 5952 form (2620:1ec:bdf::40) in its tables and indicator values, and
-- Unblock now does too (src/domain/target/canonical-value.ts). Rewrite the stored values, so lookups
-- by value find Defender's indicators and a new report of the same address joins its open request.
--
-- Only the exact shape the old code wrote is touched (ipaddr.js toNormalizedString: eight groups of
-- one to four lowercase hex digits), which is always a valid inet. PostgreSQL prints an inet in the
-- same compressed form as ipaddr.js's toRFC5952String for every public (2000::/3) address, on the
-- server and on PGlite (test/db/migrations.test.ts checks it). The append-only audit trail keeps
-- what was recorded at the time.

UPDATE "UnblockRequest"
SET "targetValue" = host("targetValue"::inet)
WHERE "indicatorType" = 'IpAddress' AND "targetValue" ~ '^([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$';

-- For an IP the reported address is the target value itself.
UPDATE "UnblockRequest"
SET "reportedTarget" = host("reportedTarget"::inet)
WHERE "indicatorType" = 'IpAddress' AND "reportedTarget" ~ '^([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$';

UPDATE "UnblockRequest"
SET "openKey" = 'IpAddress:' || host(substr("openKey", 11)::inet)
WHERE "openKey" ~ '^IpAddress:([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$';

UPDATE "Decision"
SET "indicatorValue" = host("indicatorValue"::inet)
WHERE "indicatorType" = 'IpAddress' AND "indicatorValue" ~ '^([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$';

UPDATE "AllowIndicator"
SET "indicatorValue" = host("indicatorValue"::inet)
WHERE "indicatorType" = 'IpAddress' AND "indicatorValue" ~ '^([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$';
