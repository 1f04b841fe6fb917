# classic-none: the seed's daemons, healthy: four classic ntpd 4.2.8 multicast servers (each
# signs with its own key) and two classic multicast clients. Each client calibrates every
# server with a start-up exchange, then only listens; ntpq shows type `b` for all four.

fault_summary() { echo 'classic ntpd 4.2.8 multicast servers and clients, both clients healthy (nothing above info)'; }

fault_supports_chrony() { false; }

fault_start() { classic_start_lab; }

fault_env() { classic_env; }
fault_hints() { classic_hints; }
