/**
 * Seeded, parallel generation of PDE data sets and their {@code .npz} files.
 *
 * <p>Array names and shapes (channels-first, float64), also recorded in each file's {@code meta} JSON:
 * <ul>
 *   <li>burgers: {@code a} (N,1,s) initial condition, {@code u} (N,1,s) solution at T, {@code x} (s).</li>
 *   <li>darcy: {@code a} (N,1,s,s) coefficient, {@code u} (N,1,s,s) solution, {@code x} (s) vertex coordinates.</li>
 *   <li>navier-stokes: {@code a} (N,1,s,s) initial vorticity, {@code u} (N,1,s,s,T) snapshots (time last),
 *       {@code t} (T), {@code x} (s).</li>
 *   <li>antiderivative (DeepXDE names): {@code v} (N,m), {@code x} (m,1) aligned or (N,m,1) unaligned,
 *       {@code y} (N,m), {@code sensors} (m).</li>
 * </ul>
 * Sample {@code i} depends only on (seed, i): the same seed gives the same bytes for any thread count and any N.
 */
package org.neuralop4j.core.pde.data;
