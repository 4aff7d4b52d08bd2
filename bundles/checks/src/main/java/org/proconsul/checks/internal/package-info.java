/** The built-in check types, one DS component each, registered as CheckType with check.type. Private. */
package org.proconsul.checks.internal;
