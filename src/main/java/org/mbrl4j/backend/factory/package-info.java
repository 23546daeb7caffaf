/**
 * Chooses and constructs a backend from the {@code device} key ({@link org.mbrl4j.backend.factory.Backends}).
 * It lives apart from {@code org.mbrl4j.backend} because it names both implementations
 * ({@code backend.cpu}, {@code backend.cuda}), which themselves depend on the {@code backend}
 * interfaces; keeping the factory in the interface package would make the packages depend on each
 * other in a cycle.
 */
package org.mbrl4j.backend.factory;
