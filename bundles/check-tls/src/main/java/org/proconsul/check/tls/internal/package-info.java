/** The tls-expiry check type, installed with the proconsul-check-tls feature. Private. */
package org.proconsul.check.tls.internal;
