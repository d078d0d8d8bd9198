namespace Appliance.Testing;

/// <summary>The ceph.conf of the test Ceph: everything under its directory, one replica, no authentication.</summary>
internal static class CephConfig
{
    public static string Render(string directory, string fsid, int monitorPort, int gatewayPort) => $"""
        [global]
        fsid = {fsid}
        mon_host = [v2:127.0.0.1:{monitorPort}]
        ms_bind_msgr1 = false
        public_addr = 127.0.0.1
        cluster_addr = 127.0.0.1
        auth_cluster_required = none
        auth_service_required = none
        auth_client_required = none
        run_dir = {directory}/run
        admin_socket = {directory}/run/$name.asok
        log_file = {directory}/log/$name.log
        mon_data = {directory}/mon/$name
        osd_data = {directory}/osd/$name
        # one replica, few placement groups, none of the checks that only make sense on a real cluster
        osd_pool_default_size = 1
        osd_pool_default_min_size = 1
        osd_pool_default_pg_num = 8
        osd_pool_default_pgp_num = 8
        osd_pool_default_pg_autoscale_mode = off
        osd_crush_chooseleaf_type = 0
        mon_allow_pool_size_one = true
        mon_allow_pool_delete = true
        mon_warn_on_pool_no_redundancy = false
        mon_data_avail_crit = 1
        # objects live in RAM, capped at 4 GiB
        osd_objectstore = memstore
        memstore_device_bytes = 4294967296
        # commit monitor map changes every 0.1 s instead of 1 s: the gateway creates its pools one by one at first start
        paxos_propose_interval = 0.1
        [client.rgw]
        # radosgw asks for ms_mon_client_mode=secure by default, which no authentication cannot give
        ms_mon_client_mode = crc
        rgw_frontends = beast endpoint=127.0.0.1:{gatewayPort}
        rgw_data = {directory}/run
        # Deleted and overwritten objects (every upload's parts once published) keep their RAM until the gateway's garbage
        # collection frees them, by default 2 hours later: a run pushing many 512 MiB layers would fill the 4 GiB. Free
        # them within seconds instead.
        rgw_gc_obj_min_wait = 5
        rgw_gc_processor_period = 5

        """;
}
