-- Which staff hear of a report by notice (an SLA escalation, a reopened report): the camat /
-- lurah coordinators of its area, unless they belong to another agency (they would learn where a
-- confidential report of that agency is), and its own agency's admins. One rule for every
-- notice, so the statements that send them cannot drift apart. Pure comparisons: inlined.
CREATE OR REPLACE FUNCTION sigap_hears_of_report(
    staff_kecamatan_id integer, staff_kelurahan_id integer, staff_agency_id integer, role text,
    report_kecamatan_id integer, report_kelurahan_id integer, report_agency_id integer)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ((staff_kecamatan_id = report_kecamatan_id OR staff_kelurahan_id = report_kelurahan_id)
            AND (staff_agency_id IS NULL OR staff_agency_id = report_agency_id))
           OR (role = 'agency_admin' AND staff_agency_id = report_agency_id)
$$;
