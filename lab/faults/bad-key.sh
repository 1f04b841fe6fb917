# bad-key: s11 authenticates its clients with symmetric key 5 (MD5). The good client signs its
# requests to s11 with key 5; the bad client was given another key (6, another secret), which
# s11 does not have. NTPsec drops requests whose MAC it cannot verify (its sysstats count
# them under "authentication failed") without a crypto-NAK, so the bad client's signed
# requests to s11 go unanswered while the good client's are answered, signed.

fault_summary() { echo 'the bad client signs its requests to s11 (10.123.0.11) with a key s11 does not have'; }

LAB_GOOD_KEY_ID=5
LAB_BAD_KEY_ID=6

fault_faulty_server() { echo s11; }

lab_key_id() { [[ $1 == bad ]] && echo "$LAB_BAD_KEY_ID" || echo "$LAB_GOOD_KEY_ID"; }

# lab_keys_file DIR ID SECRET: a keys file in the format NTPsec and chrony share.
lab_keys_file() {
    printf '%s MD5 %s\n' "$2" "$3" >"$1/ntp.keys"
    chmod 600 "$1/ntp.keys"
    echo "$1/ntp.keys"
}

fault_server_conf() {
    [[ $1 == s11 ]] || return 0
    echo "# fault bad-key: s11 knows and trusts key $LAB_GOOD_KEY_ID only"
    echo "keys $(lab_keys_file "$LAB_STATE/s11" "$LAB_GOOD_KEY_ID" lab-secret-s11)"
    echo "trustedkey $LAB_GOOD_KEY_ID"
}

fault_client_conf() {
    local side=$1 dir=$2 flavor=$3 id secret=lab-secret-s11 keys
    id=$(lab_key_id "$side")
    [[ $side == bad ]] && secret=not-the-secret
    keys=$(lab_keys_file "$dir" "$id" "$secret")
    echo "# fault bad-key: the $side client signs its requests to s11 with key $id"
    if [[ $flavor == chrony ]]; then
        echo "keyfile $keys"
    else
        echo "keys $keys"
        echo "trustedkey $id"
    fi
}

fault_client_server_opts() {
    [[ $2 == s11 ]] && echo " key $(lab_key_id "$1")"
    return 0
}
