# A single durable server, in Consul's HCL 1:
#   bin/consul agent -config-file config/dev-server.hcl
datacenter       = "dc1"
node_name        = "server-1"
server           = true
bootstrap_expect = 1
data_dir         = "/tmp/proconsul/server-1"
bind_addr        = "127.0.0.1"
client_addr      = "127.0.0.1"

ports {
  http = 8500
}

limits {
  kv_max_value_size = 524288
}
