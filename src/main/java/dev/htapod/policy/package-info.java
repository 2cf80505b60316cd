/** Which destinations get which treatment: host name, wildcard and address patterns, as pure functions. */
package dev.htapod.policy;
