"""Sensor data: stations, observations, providers, cache, index bands and trends."""
