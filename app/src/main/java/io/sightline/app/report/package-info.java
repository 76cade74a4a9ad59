/** Evaluation reports: every figure as JSON and a PNG bar chart of mAP per configuration (XChart). */
package io.sightline.app.report;
