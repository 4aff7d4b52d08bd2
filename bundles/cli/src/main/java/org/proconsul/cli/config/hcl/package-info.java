/**
 * A parser for HCL 1, the syntax Consul reads its agent configuration files in (Consul uses
 * {@code hashicorp/hcl} v1, not the HCL 2 of Terraform). It turns a document into the same plain tree that
 * HCL 1's {@code hcl.Decode} gives Consul: maps, lists, strings, {@code Long} integers, {@code Double}
 * floats and booleans, with nested objects wrapped in {@link org.proconsul.cli.config.hcl.HclObjectList}.
 * It knows nothing about Consul's keys; that is the config package's job.
 */
package org.proconsul.cli.config.hcl;
