-- SPDX-License-Identifier: GPL-3.0-or-later
-- The team store's two roles, run once by the database server's administrator:
--   psql -v db=teamdb -f roles.sql postgres
-- then give each role its password interactively (never in a file or a shell history):
--   psql -c '\password stackatlas_collector' postgres
--   psql -c '\password stackatlas_analyst' postgres
-- The collector owns the store (it runs `stackatlas team init` and `team push`); the analysts
-- only read it (`team pull`). After the collector's `team init`, it runs read-grants.sql.
CREATE ROLE stackatlas_collector LOGIN;
CREATE ROLE stackatlas_analyst LOGIN;
CREATE DATABASE :"db" OWNER stackatlas_collector;
-- Nobody but the owner creates anything in it: the analysts' role may read, nothing more.
REVOKE CREATE ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO stackatlas_analyst;
