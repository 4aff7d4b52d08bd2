package org.proconsul.api.membership;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The LAN (and, on servers, WAN) gossip pools this agent belongs to. */
@ProviderType
public interface Membership {
    List<Member> members(boolean wan);
}
