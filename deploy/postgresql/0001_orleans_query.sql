-- 0001: the OrleansQuery table (Orleans ADO.NET "main" script).
--
-- Orleans' ADO.NET providers issue no SQL of their own: at start each reads its statements from
-- this table ("SELECT QueryKey, QueryText FROM OrleansQuery") and runs them with named parameters.
-- The following migrations insert the rows each provider requires.
-- Idempotent: safe on an empty database and on one initialized by Orleans' own scripts.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) NOT NULL,
    QueryText varchar(8000) NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
