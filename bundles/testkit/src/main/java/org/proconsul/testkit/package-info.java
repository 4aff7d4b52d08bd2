/**
 * Helpers shared by the tests of several modules (test scope only): never a dependency of production
 * code.
 */
package org.proconsul.testkit;
