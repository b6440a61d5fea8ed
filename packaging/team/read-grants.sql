-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lets the analysts' role read the team store, now and after every migration. Run by the
-- collector (the schema's owner) once, after `stackatlas team init`:
--   psql -f read-grants.sql postgresql://stackatlas_collector@dbhost/teamdb
GRANT USAGE ON SCHEMA stackatlas TO stackatlas_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA stackatlas TO stackatlas_analyst;
ALTER DEFAULT PRIVILEGES IN SCHEMA stackatlas GRANT SELECT ON TABLES TO stackatlas_analyst;
