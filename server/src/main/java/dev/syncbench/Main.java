package dev.syncbench;

public final class Main {
    public static void main(String[] args) {
    }
}
