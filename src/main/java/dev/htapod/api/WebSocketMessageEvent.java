package dev.htapod.api;

/**
 * One WebSocket message (or control frame) after an HTTP upgrade.
 *
 * @param url the URL of the upgrade request
 * @param fromCommand whether the command sent it (false: the server did)
 * @param kind "text", "binary", "close", "ping" or "pong"
 * @param size the payload's size in bytes
 * @param payload the payload, at most the run's body cap, or null when bodies are not recorded
 * @param process the process of the run that opened the connection, or null when it is not known
 */
public record WebSocketMessageEvent(String url, boolean fromCommand, String kind, long size, byte[] payload,
    ProcessInfo process) {}
