/**
 * Which destinations get which treatment: host name, wildcard and address patterns, and policy
 * files of them (read, and merged with what a run used), as pure functions.
 */
package dev.htapod.policy;
