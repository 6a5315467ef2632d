package ej.bon;
class Placeholder {}
