/**
 * Progressive estimates: stratified evaluation orders, the schedule of preview steps, per-cell counts and the
 * Wilson / normal interval math behind the estimates a slider move shows before the exact value.
 */
package org.rftworkbench.core.service.estimate;
