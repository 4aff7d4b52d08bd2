package org.proconsul.api.catalog;

import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;
import org.proconsul.api.raft.ApplyResult;

/**
 * Writes to the catalog through Raft. A write the store refuses (a check naming a service the node does
 * not have) completes as applied with {@link CatalogWriteResult#error()} set.
 */
@ProviderType
public interface CatalogWriter {

    CompletableFuture<CatalogWriteResult> register(Registration registration);

    CompletableFuture<CatalogWriteResult> deregister(Deregistration deregistration);

    /** How a catalog write ended: refused by consensus, refused by the store, or applied at an index. */
    record CatalogWriteResult(ApplyResult.Refused refused, String error, long index) {
        public boolean applied() {
            return refused == null && error == null;
        }
    }
}
