-- pg_restore evaluates generated columns with an empty search_path: kelurahan.search calls
-- sigap_search_key, which called sigap_search_text unqualified, so a `sigap restore` of any
-- backup failed at the kelurahan table (found by tests/test_backup.py). Same function, with
-- the inner call qualified; it stays an inlinable SQL function (no SET clause).
CREATE OR REPLACE FUNCTION sigap_search_key(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT trim(regexp_replace(regexp_replace(public.sigap_search_text(name),
                '\m(jalan|gang|kelurahan|kecamatan)\M', ' ', 'g'), '\s+', ' ', 'g'))
$$;
