/**
 * What an operator of a node needs: liveness and readiness probes, Prometheus metrics, and who may reach the
 * management endpoints. Graceful shutdown is configuration only ({@code application.yaml}).
 */
package de.ozgregistry.operations;
