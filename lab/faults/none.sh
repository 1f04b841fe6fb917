# none: both clients healthy. The noise floor: a diff of two such clients must find nothing
# above info.

fault_summary() { echo 'both clients healthy (the noise floor: nothing above info)'; }
