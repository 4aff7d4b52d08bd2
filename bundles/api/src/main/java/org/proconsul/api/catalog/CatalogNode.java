package org.proconsul.api.catalog;

import java.util.Map;
import java.util.Objects;

/** A node of the catalog: its id (may be empty), name, address, tagged addresses and meta. */
public record CatalogNode(String id, String name, String address, String datacenter,
        Map<String, String> taggedAddresses, Map<String, String> meta, long createIndex, long modifyIndex) {

    public CatalogNode {
        Objects.requireNonNull(name);
        id = id == null ? "" : id;
        address = address == null ? "" : address;
        datacenter = datacenter == null ? "" : datacenter;
        taggedAddresses = Map.copyOf(taggedAddresses == null ? Map.of() : taggedAddresses);
        meta = Map.copyOf(meta == null ? Map.of() : meta);
    }

    /** The same node as a registration carries it, before the store gives it indexes. */
    public CatalogNode withIndexes(long create, long modify) {
        return new CatalogNode(id, name, address, datacenter, taggedAddresses, meta, create, modify);
    }
}
