/**
 * Small language-level helpers every device module shares: explicit byte order on caller arrays and the
 * {@link io.tailnode.lang.HotPath} marker that the API gate checks for allocation.
 * Everything here is stateless, allocation-free and safe from any thread.
 */
package io.tailnode.lang;
