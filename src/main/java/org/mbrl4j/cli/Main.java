package org.mbrl4j.cli;
public final class Main { public static void main(String[] a){ System.out.println("hi " + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED); } }
