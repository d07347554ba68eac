-- An offer or assignment still in play for a report: dispatch leaves such a report alone.
SELECT 1 FROM assignments WHERE report_id = %(report_id)s AND city_id = %(city_id)s AND status IN ('offered','accepted','arrived');
